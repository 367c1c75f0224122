package com.example.contactsync.cli;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Reports a setting that is missing or wrong as Spring Boot reports its own configuration
 * errors — a short description and what to do — instead of a stack trace: the exit code
 * (2) and the message are what the operator needs.
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the setting named above; the settings table of src/docs/running.md lists every setting.", cause);
	}

}
