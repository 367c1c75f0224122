package com.example.contactsync.capture;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Source mode's settings ({@code contact-sync.source.*}). Without a relation the job runs
 * in table mode: it sends what upstream systems wrote into {@code contact_change}.
 *
 * @param relation the company's contact table or view ({@code schema.name} or
 * {@code name}), one row per contact, its columns named like {@code contact_change}'s
 * data columns; empty for table mode
 * @param key the column that identifies a contact in the source: {@code external_id} or
 * {@code customer_id}
 * @param onDelete the fields sent, once, for a key gone from the source (for example
 * {@code status} = the id that marks a contact invalid in Dustess); empty: nothing is
 * sent for a gone key
 * @param maxGoneShare the share of the source's keys that may go missing in one capture;
 * above it the capture refuses (a broken view must not look like mass deletion)
 * @param acceptGone accept, for this run, a capture that loses more than
 * {@code maxGoneShare} of the keys
 */
@ConfigurationProperties("contact-sync.source")
public record SourceProperties(String relation, @DefaultValue("external_id") String key, Map<String, String> onDelete,
		@DefaultValue("0.2") double maxGoneShare, boolean acceptGone) {

	public SourceProperties {
		relation = (relation == null || relation.isBlank()) ? null : relation.trim();
		onDelete = (onDelete != null) ? Map.copyOf(onDelete) : Map.of();
	}

	/** Whether source mode is on. */
	public boolean enabled() {
		return this.relation != null;
	}

}
