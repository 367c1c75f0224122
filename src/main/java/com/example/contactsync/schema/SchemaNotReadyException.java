package com.example.contactsync.schema;

import com.example.contactsync.system.InvalidConfigurationException;

/**
 * The database's schema is missing, older than this build or cannot be migrated: a
 * setting or a privilege to fix (exit 2), nothing ran.
 */
public class SchemaNotReadyException extends InvalidConfigurationException {

	public SchemaNotReadyException(String message) {
		super(message);
	}

}
