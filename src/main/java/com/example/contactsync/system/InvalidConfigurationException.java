package com.example.contactsync.system;

/**
 * A setting is missing or wrong. The message names the setting (and its environment
 * variable) but never a secret's value. Commands end with exit code 2 for it.
 */
public class InvalidConfigurationException extends RuntimeException {

	public InvalidConfigurationException(String message) {
		super(message);
	}

}
