/**
 * Masking of personal data (mobile and landline numbers, ID card numbers, e-mail
 * addresses, WeChat ids) in every log line, stack traces included: the Logback converter
 * {@code %mask} used by {@code logback-spring.xml}.
 */
package com.example.contactsync.logging;
