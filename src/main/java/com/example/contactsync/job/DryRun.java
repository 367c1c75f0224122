package com.example.contactsync.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

import javax.sql.DataSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.RunScope;
import com.example.contactsync.logging.PersonalDataMasking;

/**
 * {@code run --dry-run}: executes the job's own chunk-oriented step, once per partition
 * of the run's split, ({@link ContactSyncJobConfiguration#chunkStep}: the same reader,
 * processor, chunk boundaries and merge) with a writer that tallies each chunk's plan
 * instead of sending it, and reports what a run would send. It sends nothing and writes
 * nothing — its step runs on a resourceless job repository and transaction manager, so
 * not even Spring Batch's tables change.
 */
public class DryRun {

	/** How many rejections the report lists (all are counted). */
	static final int MAX_LISTED_REJECTIONS = 50;

	private final DataSource dataSource;

	private final ContactChangeRepository changes;

	private final PrepareChangeProcessor processor;

	private final ContactSyncProperties properties;

	private final JsonMapper jsonMapper;

	private final ContactPartitions partitions;

	private final JobRepository jobRepository;

	DryRun(DataSource dataSource, ContactChangeRepository changes, PrepareChangeProcessor processor,
			ContactSyncProperties properties, JsonMapper jsonMapper, ContactPartitions partitions,
			JobRepository jobRepository) {
		this.partitions = partitions;
		this.jobRepository = jobRepository;
		this.dataSource = dataSource;
		this.changes = changes;
		this.processor = processor;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * What a run of the date would do now.
	 *
	 * @param date the run date
	 * @param situation whether the run would start, resume a failed or stopped run of the
	 * date, or do nothing because the date has completed
	 * @param resumedRun the execution a resumed run continues, or {@code null}
	 * @param maxChangeId the highest change_id of the run's scope
	 * @param changes the changes it would handle
	 * @param entries the entries it would send
	 * @param calls the calls it would make
	 * @param rejected the changes it would reject
	 * @param rejections the first {@value #MAX_LISTED_REJECTIONS} of them
	 * @param sampleEntry the first entry, personal data masked
	 */
	public record Plan(LocalDate date, Situation situation, Long resumedRun, long maxChangeId, long changes,
			long entries, long calls, long rejected, List<Rejection> rejections, JsonNode sampleEntry) {
	}

	/** What {@code run --date} would do with the date. */
	public enum Situation {

		/** Start the date's run. */
		START,

		/**
		 * Resume the date's failed or stopped run, on the scope and split it started
		 * with.
		 */
		RESUME,

		/** Nothing: the date's run has completed. */
		COMPLETED

	}

	/** A change that would be rejected. */
	public record Rejection(long changeId, String reason) {
	}

	/**
	 * Plans what {@code run --date=date} would do now: start a new run, resume the date's
	 * failed or stopped run on its own scope and split, or nothing.
	 * @throws IllegalStateException if a run of the date is in progress
	 */
	public Plan run(LocalDate date) {
		return run(date, ContactSyncJobConfiguration.parameters(date));
	}

	/**
	 * Plans what a run of the job instance {@code run} (one of the date's runs) would do
	 * now, as {@link #run(LocalDate)} does for the date's first.
	 */
	public Plan run(LocalDate date, JobParameters run) {
		JobExecution last = this.jobRepository.getLastJobExecution(ContactSyncJobConfiguration.JOB_NAME, run);
		if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
			return new Plan(date, Situation.COMPLETED, null, 0, 0, 0, 0, 0, List.of(), null);
		}
		if (last != null && last.isRunning()) {
			throw new IllegalStateException("Run " + last.getId() + " of " + date + " is marked " + last.getStatus()
					+ ": it is in progress, or its process died (then 'contact-sync recover' first)");
		}
		boolean resume = last != null && last.getExecutionContext().containsKey(RunScopeListener.MAX_CHANGE_ID_KEY);
		RunScope scope = resume ? RunScopeListener.scopeOf(last) : this.changes.newRunScope();
		int gridSize = resume ? gridSizeOf(last) : this.properties.concurrency();
		// a split run's partitions, each planned as its own chunk step: their chunks are
		// those the run's partitions would send
		ContactPartitions.Split split = null;
		if (gridSize > 1) {
			split = resume ? this.partitions.read(last.getJobInstanceId(), gridSize) : null;
			split = (split != null) ? split : this.partitions.compute(scope, gridSize);
		}
		Tally tally = new Tally(new ChunkAssembler(this.processor), scope);
		ContactPartitions.Split partitionsOf = split;
		JobRepository repository = new ResourcelessJobRepository();
		JobInstance instance = repository.createJobInstance("contactSyncDryRun", new JobParameters());
		JobExecution jobExecution = repository.createJobExecution(instance, new JobParameters(),
				new ExecutionContext());
		for (int partition = 0; partition < gridSize; partition++) {
			int number = partition;
			LongPredicate inPartition = (partitionsOf != null)
					? (changeId) -> partitionsOf.partitionOf(changeId) == number : (changeId) -> true;
			Step step = ContactSyncJobConfiguration.chunkStep(
					ContactSyncJobConfiguration.PARTITION_STEP_NAME + ":"
							+ ContactPartitioner.name(partition, gridSize),
					repository, new ResourcelessTransactionManager(), this.properties.chunkSize(),
					new UnplannedChanges(PendingChanges.reader(this.dataSource, scope, this.properties.chunkSize()),
							(changeId) -> inPartition.test(changeId) && !tally.planned.contains(changeId)),
					this.processor, tally);
			execute(repository, step, jobExecution);
		}
		return new Plan(date, resume ? Situation.RESUME : Situation.START, resume ? last.getId() : null,
				scope.maxChangeId(), tally.changes, tally.entries, tally.calls, tally.rejected,
				List.copyOf(tally.rejections), tally.sample);
	}

	/**
	 * The grid size a run started with (a restart keeps it), from its manager step's
	 * context (a job execution read from the repository does not carry its steps'
	 * contexts).
	 */
	private int gridSizeOf(JobExecution execution) {
		StepExecution manager = this.jobRepository.getLastStepExecution(execution.getJobInstance(),
				ContactSyncJobConfiguration.STEP_NAME);
		long gridSize = (manager != null) ? manager.getExecutionContext().getLong(GRID_SIZE_KEY, 0L) : 0L;
		// a run that died before its step split keeps the grid size its restart will
		// choose
		return (gridSize > 0) ? (int) gridSize : this.properties.concurrency();
	}

	/** Where Spring Batch keeps a partitioned step's grid size. */
	static final String GRID_SIZE_KEY = "SimpleStepExecutionSplitter.GRID_SIZE";

	private static void execute(JobRepository repository, Step step, JobExecution jobExecution) {
		StepExecution stepExecution = repository.createStepExecution(step.getName(), jobExecution);
		try {
			step.execute(stepExecution);
		}
		catch (JobInterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("The dry run was interrupted", ex);
		}
		if (stepExecution.getStatus() != BatchStatus.COMPLETED) {
			throw new IllegalStateException(
					"The dry run failed: " + FailureDescriptions.describe(stepExecution.getFailureExceptions()));
		}
	}

	/**
	 * The dry run's writer: plans each chunk as the real writer does and counts the plan.
	 * A run moves every change it plans out of the scope, so that later chunks do not
	 * read it again; the dry run, writing nothing, remembers those changes instead.
	 */
	private final class Tally implements ItemWriter<PreparedChange> {

		private final ChunkAssembler assembler;

		private final RunScope scope;

		private final Set<Long> planned = new HashSet<>();

		private final List<Rejection> rejections = new ArrayList<>();

		private long changes;

		private long entries;

		private long calls;

		private long rejected;

		private JsonNode sample;

		Tally(ChunkAssembler assembler, RunScope scope) {
			this.assembler = assembler;
			this.scope = scope;
		}

		@Override
		public void write(Chunk<? extends PreparedChange> chunk) {
			ChunkAssembler.Assembly assembly = this.assembler.assemble(chunk.getItems(),
					(changeIds, customerIds, externalIds) -> DryRun.this.changes
						.findInScope(this.scope, changeIds, customerIds, externalIds, false)
						.stream()
						.filter((change) -> !this.planned.contains(change.changeId()))
						.toList());
			for (Submission submission : assembly.submissions()) {
				this.changes += submission.changeIds().size();
				this.planned.addAll(submission.changeIds());
				if (this.sample == null) {
					this.sample = masked(DryRun.this.jsonMapper.valueToTree(submission.entry()));
				}
			}
			for (ItemOutcome rejection : assembly.rejections()) {
				this.changes++;
				this.rejected++;
				this.planned.add(rejection.changeId());
				if (this.rejections.size() < MAX_LISTED_REJECTIONS) {
					this.rejections.add(new Rejection(rejection.changeId(), rejection.message()));
				}
			}
			this.entries += assembly.submissions().size();
			this.calls += assembly.submissions().isEmpty() ? 0 : 1;
		}

	}

	/**
	 * The reader of the run's changes, of one partition, without those an earlier chunk
	 * already planned (merged into its entries): a run has moved them out of the scope by
	 * then, so its next page does not hold them, and the chunks fill up alike.
	 */
	private record UnplannedChanges(ItemStreamReader<ContactChange> reader,
			LongPredicate wanted) implements ItemStreamReader<ContactChange> {

		@Override
		public ContactChange read() throws Exception {
			ContactChange change = this.reader.read();
			while (change != null && !this.wanted.test(change.changeId())) {
				change = this.reader.read();
			}
			return change;
		}

		@Override
		public void open(ExecutionContext executionContext) {
			this.reader.open(executionContext);
		}

		@Override
		public void update(ExecutionContext executionContext) {
			this.reader.update(executionContext);
		}

		@Override
		public void close() {
			this.reader.close();
		}

	}

	/**
	 * Fields of an entry that hold ids and codes, not personal data: shown as they are.
	 */
	private static final Set<String> NOT_PERSONAL = Set.of("id", "external_id", "category_id", "corp_id", "source",
			"owner", "pool", "reason", "status", "education", "gender", "type", "display", "file_type", "tags",
			"share_uids");

	/**
	 * The entry with every value that may be personal data masked but its last two
	 * characters (names, addresses, dates, phone numbers, free text, custom field
	 * values): enough to see the entry's shape and check a value, not to read a contact's
	 * data.
	 */
	static JsonNode masked(JsonNode entry) {
		return PersonalDataMasking.maskValues(entry, NOT_PERSONAL);
	}

}
