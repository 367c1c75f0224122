package com.example.contactsync.dustess;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the Dustess API can be reached: a TCP connection to the host of
 * {@code dustess.base-url}. No request is sent, so no token is used and none can leak;
 * the details show the base URL only.
 */
class DustessApiHealthIndicator extends AbstractHealthIndicator {

	private final URI baseUrl;

	private final Duration timeout;

	DustessApiHealthIndicator(URI baseUrl, Duration timeout) {
		super("The Dustess API cannot be reached");
		this.baseUrl = baseUrl;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		int port = (this.baseUrl.getPort() != -1) ? this.baseUrl.getPort()
				: "https".equalsIgnoreCase(this.baseUrl.getScheme()) ? 443 : 80;
		builder.withDetail("baseUrl", this.baseUrl.toString());
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.baseUrl.getHost(), port), (int) this.timeout.toMillis());
			builder.up();
		}
		catch (java.io.IOException ex) {
			builder.down().withDetail("error", ex.getClass().getSimpleName());
		}
	}

}
