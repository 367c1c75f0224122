package com.example.contactsync.cli;

import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HttpClientThreads}, on a client of its own only: other tests of this JVM keep
 * theirs.
 */
class HttpClientThreadsTests {

	@Test
	void stopEndsTheSelectorThreadOfAClientAndLeavesOtherThreads() {
		List<Thread> before = threads();
		HttpClient client = HttpClient.newHttpClient();
		List<Thread> started = threads().stream().filter((thread) -> !before.contains(thread)).toList();
		Thread selector = started.stream().filter(HttpClientThreads::isSelector).findFirst().orElseThrow();
		Thread other = new Thread(() -> {
		});
		HttpClientThreads.stop(List.of(selector, Thread.currentThread(), other));
		assertThat(selector.isAlive()).isFalse();
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(client).isNotNull();
	}

	private static List<Thread> threads() {
		Thread[] threads = new Thread[Thread.activeCount() + 16];
		return Arrays.asList(threads).subList(0, Thread.enumerate(threads));
	}

}
