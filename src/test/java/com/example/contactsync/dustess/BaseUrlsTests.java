package com.example.contactsync.dustess;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.example.contactsync.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class BaseUrlsTests {

	@Test
	void requireSafeWhenHttpsThenAccepts() {
		assertThatNoException().isThrownBy(() -> BaseUrls.requireSafe(URI.create("https://qw-openapi-tx.dustess.com")));
	}

	@Test
	void requireSafeWhenPlainHttpToLoopbackThenAccepts() {
		assertThatNoException().isThrownBy(() -> BaseUrls.requireSafe(URI.create("http://127.0.0.1:8080")));
		assertThatNoException().isThrownBy(() -> BaseUrls.requireSafe(URI.create("http://localhost:8080")));
		assertThatNoException().isThrownBy(() -> BaseUrls.requireSafe(URI.create("http://[::1]:8080")));
	}

	@Test
	void requireSafeWhenPlainHttpToOtherHostThenRefuses() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> BaseUrls.requireSafe(URI.create("http://qw-openapi-tx.dustess.com")))
			.withMessageContaining("loopback");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> BaseUrls.requireSafe(URI.create("http://10.0.0.5")));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> BaseUrls.requireSafe(URI.create("http://localhost.example.com")));
	}

	@Test
	void requireSafeWhenQueryCarriesTokenThenRefusesWithoutEchoingIt() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> BaseUrls.requireSafe(URI.create("https://x.example?accessToken=abcdef")))
			.withMessageNotContaining("abcdef");
	}

	@Test
	void requireSafeWhenNotAbsoluteThenRefuses() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> BaseUrls.requireSafe(URI.create("qw-openapi-tx.dustess.com")));
	}

}
