package com.example.contactsync.dustess;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.example.contactsync.logging.Secrets;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokenInterceptorTests {

	@Test
	void withTokenWhenNoQueryThenAddsEncodedParameter() {
		assertThat(AccessTokenInterceptor.withToken(URI.create("https://h/customer/v1/batchEditCustomer"), "a+b&c"))
			.hasToString("https://h/customer/v1/batchEditCustomer?accessToken=a%2Bb%26c");
	}

	@Test
	void withTokenWhenQueryThenAppendsParameter() {
		assertThat(AccessTokenInterceptor.withToken(URI.create("https://h/p?x=1"), "t"))
			.hasToString("https://h/p?x=1&accessToken=t");
	}

	@Test
	void redactRemovesTokenParameterAndSecrets() {
		assertThat(Secrets.redact("GET https://h/p?accessToken=abc123&x=1 with secret-value", "secret-value"))
			.isEqualTo("GET https://h/p?accessToken=***&x=1 with ***");
	}

}
