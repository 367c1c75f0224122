package com.example.contactsync.operations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.RunScope;
import com.example.contactsync.job.ChunkAssembler;
import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.job.PendingChanges;
import com.example.contactsync.job.PrepareChangeProcessor;
import com.example.contactsync.job.PreparedChange;
import com.example.contactsync.logging.PersonalDataMasking;

/**
 * {@code run --dry-run}: reads, merges, validates and builds the entries exactly as a run would
 * (the same reader, processor and assembler), and reports what it would send. It sends nothing
 * and writes nothing — not even Spring Batch's tables.
 */
public class DryRun {

	/** How many rejections the report lists (all are counted). */
	static final int MAX_LISTED_REJECTIONS = 50;

	private final DataSource dataSource;

	private final ContactChangeRepository changes;

	private final PrepareChangeProcessor processor;

	private final ContactSyncProperties properties;

	private final JsonMapper jsonMapper;

	public DryRun(DataSource dataSource, ContactChangeRepository changes, PrepareChangeProcessor processor,
			ContactSyncProperties properties, JsonMapper jsonMapper) {
		this.dataSource = dataSource;
		this.changes = changes;
		this.processor = processor;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
	}

	/** What a run would do now. */
	public record Report(long maxChangeId, long changes, long entries, long calls, long rejected,
			List<Rejection> rejections, JsonNode sampleEntry) {
	}

	/** A change that would be rejected. */
	public record Rejection(long changeId, String reason) {
	}

	public Report run() {
		RunScope scope = this.changes.newRunScope();
		ChunkAssembler assembler = new ChunkAssembler(this.processor);
		JdbcPagingItemReader<ContactChange> reader = PendingChanges.reader(this.dataSource, scope,
				this.properties.chunkSize());
		Set<Long> takenAhead = new HashSet<>();
		long changeCount = 0;
		long entries = 0;
		long calls = 0;
		long rejected = 0;
		List<Rejection> rejections = new ArrayList<>();
		JsonNode sample = null;
		reader.open(new ExecutionContext());
		try {
			boolean more = true;
			while (more) {
				List<PreparedChange> chunk = new ArrayList<>();
				long maxInChunk = 0;
				while (chunk.size() < this.properties.chunkSize()) {
					ContactChange change = read(reader);
					if (change == null) {
						more = false;
						break;
					}
					if (takenAhead.remove(change.changeId())) {
						continue;
					}
					chunk.add(this.processor.process(change));
					maxInChunk = change.changeId();
				}
				if (chunk.isEmpty()) {
					break;
				}
				ChunkAssembler.Assembly assembly = assembler.assemble(chunk, (customerIds, externalIds, excluded) -> this.changes
					.findOfContacts(scope, customerIds, externalIds, excluded));
				for (var submission : assembly.submissions()) {
					changeCount += submission.changeIds().size();
					for (long id : submission.changeIds()) {
						if (id > maxInChunk) {
							takenAhead.add(id);
						}
					}
					if (sample == null) {
						sample = masked(this.jsonMapper.valueToTree(submission.entry()));
					}
				}
				for (ItemOutcome rejection : assembly.rejections()) {
					changeCount++;
					rejected++;
					if (rejection.changeId() > maxInChunk) {
						takenAhead.add(rejection.changeId());
					}
					if (rejections.size() < MAX_LISTED_REJECTIONS) {
						rejections.add(new Rejection(rejection.changeId(), rejection.message()));
					}
				}
				entries += assembly.submissions().size();
				calls += assembly.submissions().isEmpty() ? 0 : 1;
			}
		}
		finally {
			reader.close();
		}
		return new Report(scope.maxChangeId(), changeCount, entries, calls, rejected, rejections, sample);
	}

	private static ContactChange read(JdbcPagingItemReader<ContactChange> reader) {
		try {
			return reader.read();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read the pending changes: " + ex.getMessage(), ex);
		}
	}

	/** The entry with phone numbers, e-mail, ID card, WeChat and QQ masked. */
	static JsonNode masked(JsonNode entry) {
		ObjectNode copy = (ObjectNode) entry.deepCopy();
		maskText(copy, "email");
		maskText(copy, "id_card");
		maskText(copy, "wx");
		maskText(copy, "qq");
		JsonNode mobiles = copy.get("mobiles");
		if (mobiles != null && mobiles.isArray()) {
			for (JsonNode mobile : mobiles) {
				maskText((ObjectNode) mobile, "tel");
			}
		}
		return copy;
	}

	private static void maskText(ObjectNode node, String field) {
		JsonNode value = node.get(field);
		if (value != null && value.isString() && !value.asString().isEmpty()) {
			String text = value.asString();
			String masked = PersonalDataMasking.mask(text);
			if (masked.equals(text)) {
				masked = "*".repeat(Math.max(0, text.length() - 2)) + text.substring(Math.max(0, text.length() - 2));
			}
			node.put(field, masked);
		}
	}

}
