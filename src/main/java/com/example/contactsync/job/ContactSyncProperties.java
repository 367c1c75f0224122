package com.example.contactsync.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sync job.
 *
 * @param chunkSize how many changes go into one chunk, and so into one
 * {@code batchEditCustomer} call (env {@code CONTACT_SYNC_CHUNK_SIZE})
 */
@ConfigurationProperties("contact-sync")
public record ContactSyncProperties(@DefaultValue("100") int chunkSize) {

	public ContactSyncProperties {
		if (chunkSize < 1 || chunkSize > 1000) {
			throw new IllegalArgumentException("contact-sync.chunk-size must be between 1 and 1000, was " + chunkSize);
		}
	}

}
