package com.example.contactsync.cli;

import java.util.Arrays;
import java.util.List;

/**
 * Ends the JDK HTTP client's selector threads before the process exits.
 * <p>
 * On Java 17 an {@code HttpClient} cannot be closed ({@code shutdownNow()} came in 21):
 * its selector thread waits in native code ({@code epoll_wait}) until the client is
 * collected, and {@link System#exit} waits up to 300 ms for threads in native code before
 * it ends the JVM — measured, 330 ms of every command's exit. Interrupting the selector
 * thread ends it at once. Called only when the command is done and the application
 * closed: no call is in flight, and none starts after it.
 */
final class HttpClientThreads {

	private HttpClientThreads() {
	}

	/** Ends the selector thread of every JDK {@code HttpClient} of the process. */
	static void stopSelectors() {
		Thread[] threads = new Thread[Thread.activeCount() + 16];
		int count = Thread.enumerate(threads);
		stop(Arrays.asList(threads).subList(0, count));
	}

	/** Ends those of {@code threads} that are selector threads of a JDK HttpClient. */
	static void stop(List<Thread> threads) {
		for (Thread thread : threads) {
			if (isSelector(thread)) {
				thread.interrupt();
				try {
					thread.join(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * The JDK names them {@code HttpClient-<n>-SelectorManager}, and makes them daemons.
	 */
	static boolean isSelector(Thread thread) {
		return thread.isDaemon() && thread.getName().startsWith("HttpClient-")
				&& thread.getName().endsWith("-SelectorManager");
	}

}
