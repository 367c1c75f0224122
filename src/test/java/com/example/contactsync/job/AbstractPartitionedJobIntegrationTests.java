package com.example.contactsync.job;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.sandbox.TestDustessSandbox.Fault;
import com.example.contactsync.sandbox.TestDustessSandbox.Span;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run split into three partitions sending side by side
 * ({@code contact-sync.concurrency=3}), against the sandbox and a real database; the
 * subclasses choose the database. The sandbox holds each call for a while so that the
 * partitions' calls overlap.
 */
@SpringBootTest(properties = { "contact-sync.chunk-size=2", "contact-sync.concurrency=3",
		"dustess.access-token=" + AbstractPartitionedJobIntegrationTests.TOKEN, "dustess.retry.max-attempts=2",
		"dustess.retry.initial-delay=10ms", "dustess.retry.jitter=0ms", "dustess.read-timeout=2s",
		"dustess.rate-limit.calls-per-second=1000000" })
abstract class AbstractPartitionedJobIntegrationTests extends AbstractJobIntegrationTests {

	static final String TOKEN = "partition-test-token";

	static final TestDustessSandbox sandbox = startSandbox(TOKEN);

	private static final LocalDate DATE = LocalDate.of(2026, 11, 25);

	private static final int CONTACTS = 24;

	@Autowired
	javax.sql.DataSource dataSource;

	@Autowired
	PrepareChangeProcessor processor;

	@Autowired
	ContactPartitions contactPartitions;

	@DynamicPropertySource
	static void dustessApi(DynamicPropertyRegistry registry) {
		registry.add("dustess.base-url", () -> sandbox.baseUrl().toString());
	}

	@BeforeEach
	void cleanUp() {
		this.jdbcTemplate.update("DELETE FROM contact_sync_partition");
		sandbox.reset();
		// every call takes a while, so that the partitions' calls are in flight together
		sandbox.onCall((call) -> sleep(25));
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.reset();
	}

	@Test
	void splitRunSendsEveryContactInExactlyOneEntryAndNeverTwoCallsOfOneContactAtOnce() {
		List<Long> ids = insertChainedContacts();

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(ids).allSatisfy((id) -> {
			assertThat(this.changes.state(id)).isEqualTo("SYNCED");
			assertThat(this.changes.outcomes(id)).hasSize(1);
		});
		// each contact's three changes — by customer_id, by both ids, by external_id only
		// — went
		// out merged in one entry, the latest values winning
		Map<String, Integer> entriesPerContact = new HashMap<>();
		for (List<JsonNode> call : sandbox.receivedCalls()) {
			for (JsonNode entry : call) {
				entriesPerContact.merge(entry.get("id").asString(), 1, Integer::sum);
				int contact = Integer.parseInt(entry.get("external_id").asString().substring("crm-".length()));
				assertThat(entry.get("id").asString()).isEqualTo(customerId(contact));
				assertThat(entry.get("remark").asString()).isEqualTo("third " + contact);
			}
		}
		assertThat(entriesPerContact).hasSize(CONTACTS).allSatisfy((contact, entries) -> assertThat(entries).isOne());
		List<Span> spans = sandbox.spans();
		for (Span span : spans) {
			for (Span other : spans) {
				if (span != other && span.overlaps(other)) {
					assertThat(ids(other)).doesNotContainAnyElementsOf(ids(span));
				}
			}
		}
		assertThat(spans.stream().anyMatch((span) -> spans.stream().anyMatch((o) -> o != span && o.overlaps(span))))
			.as("some calls were in flight together")
			.isTrue();
		JobExecution execution = this.jobRepository.getJobExecution(result.run().executionId());
		assertThat(partitionSteps(execution)).hasSize(3)
			.allSatisfy((step) -> assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED));
		assertThat(partitionSteps(execution).stream().filter((step) -> step.getWriteCount() > 0)).hasSizeGreaterThan(1);
		// each outcome names the partition whose call carried it: every partition that
		// wrote, nothing else, and one partition for all the items of one call
		assertThat(this.jdbcTemplate.queryForList(
				"SELECT DISTINCT step_execution_id FROM sync_outcome WHERE job_execution_id = ?", Long.class,
				execution.getId()))
			.containsExactlyInAnyOrderElementsOf(partitionSteps(execution).stream()
				.filter((step) -> step.getWriteCount() > 0)
				.map(StepExecution::getId)
				.toList());
		assertThat(this.jdbcTemplate.queryForList("""
				SELECT call_id FROM sync_outcome WHERE job_execution_id = ?
				 GROUP BY call_id HAVING COUNT(DISTINCT step_execution_id) <> 1""", String.class, execution.getId()))
			.isEmpty();
		// one line per run in the ops view, each change counted once
		assertThat(result.run().items()).isEqualTo(3L * CONTACTS);
		assertThat(result.run().calls()).isEqualTo(sandbox.receivedCalls().size());
		assertThat(this.changes.count("SELECT COUNT(*) FROM contact_sync_run")).isOne();
		assertThat(this.changes.count("SELECT read_count FROM contact_sync_run"))
			.isEqualTo(partitionSteps(execution).stream().mapToLong(StepExecution::getReadCount).sum());
		// a completed run's split is deleted
		assertThat(this.changes.count("SELECT COUNT(*) FROM contact_sync_partition")).isZero();
	}

	@Test
	void splitKeepsEveryContactInOnePartitionPlacesTheRestByChangeIdAndTheDryRunComputesTheSame() {
		List<Long> chained = insertChainedContacts();
		List<Long> alone = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			alone.add(this.changes.insert(Map.of("external_id", "alone-" + i, "remark", "alone " + i)));
			alone.add(this.changes.insert(Map.of("customer_id", "single-" + i, "external_id", "single-e-" + i)));
		}
		com.example.contactsync.change.RunScope scope = this.changeRepository.newRunScope();
		// 5 partitions: a contact's changes lie CONTACTS apart, which 5 does not divide,
		// so
		// change_id mod 5 alone would scatter them
		int gridSize = 5;

		long[] sizes = this.contactPartitions.split(4242L, scope, gridSize);

		ContactPartitions.Split written = this.contactPartitions.read(4242L, gridSize);
		assertThat(written.changeIds()).hasSize(chained.size() + alone.size());
		assertThat(java.util.Arrays.stream(sizes).sum()).isEqualTo(chained.size() + alone.size());
		for (long id : alone) {
			assertThat(written.partitionOf(id)).isEqualTo((int) (id % gridSize));
		}
		// the three changes of each contact — by customer_id, by both ids, by external_id
		// only — share a partition
		for (int i = 0; i < CONTACTS; i++) {
			assertThat(written.partitionOf(chained.get(CONTACTS + i))).isEqualTo(written.partitionOf(chained.get(i)))
				.isEqualTo(written.partitionOf(chained.get(2 * CONTACTS + i)));
		}
		ContactPartitions.Split computed = this.contactPartitions.compute(scope, gridSize);
		assertThat(computed.changeIds()).containsExactly(written.changeIds());
		assertThat(computed.partitions()).containsExactly(written.partitions());
		this.contactPartitions.delete(4242L);
	}

	@Test
	void splitRunWhenOnePartitionFailsThenRestartRunsOnlyThePartitionsThatDidNotCompleteAndSendsEachChangeOnce() {
		List<Long> ids = insertChainedContacts();
		String failing = "crm-" + (CONTACTS / 2);
		sandbox.faultsByEntries(
				(entries) -> entries.stream().anyMatch((entry) -> entry.path("external_id").asString().equals(failing))
						? Fault.HTTP_500 : null);

		RunResult first = this.syncRunner.run(DATE);

		assertThat(first.kind()).isEqualTo(RunResult.Kind.FAILED);
		JobExecution failed = this.jobRepository.getJobExecution(first.run().executionId());
		List<String> notCompleted = partitionSteps(failed).stream()
			.filter((step) -> step.getStatus() != BatchStatus.COMPLETED)
			.map(StepExecution::getStepName)
			.toList();
		assertThat(notCompleted).hasSize(1);
		assertThat(this.changes.count("SELECT COUNT(*) FROM contact_sync_partition")).isEqualTo(3 * CONTACTS);
		sandbox.faultsByEntries((entries) -> null);
		DryRun.Plan plan = this.dryRun.run(DATE);
		// planned alike with another concurrency now: a resumption keeps the run's own
		// split
		DryRun.Plan planAtTwo = new DryRun(this.dataSource, this.changeRepository, this.processor,
				new ContactSyncProperties(2, 5, List.of(), 0.1, java.time.Duration.ofSeconds(10), "0 30 2 * * *", 2,
						ContactSyncProperties.Partitioning.LOCAL,
						new ContactSyncProperties.Remote(
								java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5),
								java.time.Duration.ofSeconds(30), java.time.Duration.ofHours(8), 2),
						java.time.Duration.ofSeconds(60),
						new ContactSyncProperties.Run(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(15),
								java.time.Duration.ofMinutes(3)),
						false),
				JsonMapper.builder().build(), this.contactPartitions, this.jobRepository)
			.run(DATE);
		assertThat(planAtTwo).usingRecursiveComparison().isEqualTo(plan);

		RunResult second = this.syncRunner.run(DATE);

		// the dry run planned the resumption: the same run, its scope and split
		assertThat(plan.situation()).isEqualTo(DryRun.Situation.RESUME);
		assertThat(plan.resumedRun()).isEqualTo(first.run().executionId());
		assertThat(plan.changes()).isEqualTo(second.run().items());
		assertThat(plan.calls()).isEqualTo(second.run().calls());
		assertThat(this.dryRun.run(DATE).situation()).isEqualTo(DryRun.Situation.COMPLETED);

		assertThat(second.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		JobExecution resumed = this.jobRepository.getJobExecution(second.run().executionId());
		assertThat(partitionSteps(resumed)).extracting(StepExecution::getStepName)
			.containsExactlyElementsOf(notCompleted);
		assertThat(ids).allSatisfy((id) -> {
			assertThat(this.changes.state(id)).isEqualTo("SYNCED");
			assertThat(this.changes.outcomes(id)).hasSize(1);
		});
		List<String> sent = new ArrayList<>();
		sandbox.receivedCalls().forEach((call) -> call.forEach((entry) -> sent.add(entry.get("id").asString())));
		assertThat(sent).hasSize(CONTACTS).doesNotHaveDuplicates();
	}

	@Test
	void dryRunPlansTheSplitRunsCalls() {
		insertChainedContacts();
		this.changes.insert(Map.of("customer_id", customerId(1), "external_id", "crm-other", "remark", "conflict"));

		DryRun.Plan plan = this.dryRun.run(DATE);
		RunResult result = this.syncRunner.run(DATE);

		assertThat(plan.changes()).isEqualTo(result.run().items());
		assertThat(plan.calls()).isEqualTo(result.run().calls());
		assertThat(plan.rejected()).isEqualTo(result.run().rejected()).isEqualTo(4);
		assertThat(plan.entries()).isEqualTo(sandbox.receivedCalls().stream().mapToLong(List::size).sum());
	}

	/**
	 * {@value #CONTACTS} contacts of three changes each, far apart in change_id order:
	 * first by customer_id, then by both ids, then by external_id only.
	 */
	private List<Long> insertChainedContacts() {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < CONTACTS; i++) {
			ids.add(this.changes.insert(Map.of("customer_id", customerId(i), "remark", "first " + i)));
		}
		for (int i = 0; i < CONTACTS; i++) {
			ids.add(this.changes
				.insert(Map.of("customer_id", customerId(i), "external_id", "crm-" + i, "remark", "second " + i)));
		}
		for (int i = 0; i < CONTACTS; i++) {
			ids.add(this.changes.insert(Map.of("external_id", "crm-" + i, "remark", "third " + i)));
		}
		return ids;
	}

	private static String customerId(int contact) {
		return UUID.nameUUIDFromBytes(("contact-" + contact).getBytes(StandardCharsets.UTF_8)).toString();
	}

	private static Set<String> ids(Span span) {
		Set<String> ids = new HashSet<>();
		for (JsonNode entry : span.entries()) {
			ids.add("id:" + entry.path("id").asString());
			ids.add("external_id:" + entry.path("external_id").asString());
		}
		return ids;
	}

	private static List<StepExecution> partitionSteps(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(ContactSyncJobConfiguration.PARTITION_STEP_NAME + ":"))
			.sorted(java.util.Comparator.comparing(StepExecution::getStepName))
			.toList();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
