package com.example.contactsync.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

import com.example.contactsync.dustess.CredentialsRefusedException;
import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.logging.SettledFailureFilter;

/**
 * Before each start of the job, has a token for the run (with client credentials, one is
 * fetched; a static token needs no call): a refused secret then fails the run before any
 * item goes out, with the reason in its history, even when there is nothing to send. A
 * refused static token shows at the first call ({@link BatchEditCustomerWriter}).
 */
record CredentialsCheck(DustessClient client) implements JobExecutionListener {

	@Override
	public void beforeJob(JobExecution jobExecution) {
		try {
			this.client.checkCredentials();
		}
		catch (CredentialsRefusedException ex) {
			// a setting to fix: reported in one line, kept in the run's history
			SettledFailureFilter.settled();
			throw ex;
		}
	}

}
