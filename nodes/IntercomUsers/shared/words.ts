/** Said of anything refused before it went out, so the user knows nothing changed. */
export const NO_REQUEST_SENT = 'No request was sent';

/** {@link NO_REQUEST_SENT} for an item whose input was refused. */
export const NO_REQUEST_FOR_ITEM = `${NO_REQUEST_SENT} for this item.`;
