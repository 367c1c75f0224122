package com.example.contactsync.remote;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import com.example.contactsync.support.SyncedChanges;

/**
 * The remote partitioning process tests' set-up: {@link RemoteProcesses} with
 * {@value #CHANGES} pending changes per test, its processes ended after it.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
abstract class AbstractRemoteProcessTests {

	static final int CHANGES = 40;

	RemoteProcesses remote;

	SyncedChanges synced;

	@BeforeEach
	void startRemoteProcesses() throws Exception {
		this.remote = new RemoteProcesses(CHANGES);
		this.synced = this.remote.synced;
	}

	@AfterEach
	void endRemoteProcesses() {
		this.remote.close();
	}

}
