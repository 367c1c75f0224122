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
 * @param demoSource whether to keep the demo's company contact table {@code demo_contact}
 * (profile {@code source-demo}), editing a few of its rows at each start
 */
@ConfigurationProperties("contact-sync.sandbox")
public record SandboxProperties(@DefaultValue("18089") int port, @DefaultValue("sandbox-token") String accessToken,
		@DefaultValue("true") boolean seedDemoChanges, boolean demoSource) {

	@Override
	public String toString() {
		return "SandboxProperties[port=" + this.port + ", seedDemoChanges=" + this.seedDemoChanges + ", demoSource="
				+ this.demoSource + "]";
	}

}
