package com.example.contactsync.job;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.ContactChanges;

/**
 * What the job's integration tests ({@link AbstractSyncIntegrationTests},
 * {@link AbstractPartitionedJobIntegrationTests}) share: the beans they drive and check,
 * and the clean-up of the runs and changes before each test.
 */
@SpringBatchTest
@org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
abstract class AbstractJobIntegrationTests {

	@Autowired
	SyncRunner syncRunner;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	DryRun dryRun;

	@Autowired
	ContactChangeRepository changeRepository;

	ContactChanges changes;

	/**
	 * Removes the job executions and the changes of the previous test (before the
	 * subclasses' own clean-up).
	 */
	@BeforeEach
	void removeRunsAndChanges() {
		this.jobRepositoryTestUtils.removeJobExecutions();
		this.changes = new ContactChanges(this.jdbcTemplate);
		this.changes.deleteAll();
	}

	/** A sandbox on a free port that accepts {@code token}. */
	static TestDustessSandbox startSandbox(String token) {
		try {
			return TestDustessSandbox.start(0, token, JsonMapper.builder().build());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
