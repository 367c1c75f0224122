/**
 * The wire records of {@code batchEditCustomer}: the request, its
 * {@link com.example.contactsync.dustess.payload.CustomerEntry} entries (the API's
 * snake_case names; {@code null} leaves a field unchanged) and the answer with its
 * per-item results.
 */
package com.example.contactsync.dustess.payload;
