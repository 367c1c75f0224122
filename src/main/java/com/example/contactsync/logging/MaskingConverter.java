package com.example.contactsync.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Logback converter {@code %mask(...)}: removes secrets ({@link Secrets}) and masks
 * personal data in what it wraps (the message and the stack trace, in
 * {@code logback-spring.xml}), whatever logger and level emitted it.
 */
public class MaskingConverter extends CompositeConverter<ILoggingEvent> {

	@Override
	protected String transform(ILoggingEvent event, String in) {
		return PersonalDataMasking.maskForOutput(in);
	}

}
