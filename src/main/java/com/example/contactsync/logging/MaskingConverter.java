package com.example.contactsync.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Logback converter {@code %mask(...)}: masks personal data in what it wraps (the message and the
 * stack trace, in {@code logback-spring.xml}).
 */
public class MaskingConverter extends CompositeConverter<ILoggingEvent> {

	@Override
	protected String transform(ILoggingEvent event, String in) {
		return PersonalDataMasking.mask(in);
	}

}
