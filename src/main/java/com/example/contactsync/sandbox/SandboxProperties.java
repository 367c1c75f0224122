package com.example.contactsync.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the built-in API sandbox (profile {@code sandbox} only).
 *
 * @param port the loopback port it listens on
 * @param accessToken the only access token it accepts
 * @param seedDemoChanges whether to write demo changes into an empty
 * {@code contact_change}
 */
@ConfigurationProperties("contact-sync.sandbox")
public record SandboxProperties(@DefaultValue("18089") int port, @DefaultValue("sandbox-token") String accessToken,
		@DefaultValue("true") boolean seedDemoChanges) {

	@Override
	public String toString() {
		return "SandboxProperties[port=" + this.port + ", seedDemoChanges=" + this.seedDemoChanges + "]";
	}

}
