package com.example.contactsync.job;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a stop was asked for a run ({@code stop} from any process, or SIGTERM), as the
 * job repository has it now: for a step that waits inside a chunk, where Spring Batch
 * itself only looks at chunk boundaries.
 */
class StopRequests {

	static final String STATUS = "SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?";

	private final JdbcTemplate jdbcTemplate;

	StopRequests(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Whether the execution is no longer meant to go on: asked to stop, or ended by
	 * another process.
	 */
	boolean requested(long jobExecutionId) {
		List<String> status = this.jdbcTemplate.queryForList(STATUS, String.class, jobExecutionId);
		return status.isEmpty() || !(status.get(0).equals("STARTED") || status.get(0).equals("STARTING"));
	}

}
