package com.example.contactsync.console;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page of the console knows: who is logged in, and whether they may act. */
@ControllerAdvice(assignableTypes = { RunsController.class, ChangesController.class, ActionsController.class })
@ConditionalOnConsole
class ConsoleModel {

	@ModelAttribute("user")
	String user(Authentication authentication) {
		return (authentication != null) ? authentication.getName() : "";
	}

	@ModelAttribute("operator")
	boolean operator(Authentication authentication) {
		return authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> ("ROLE_" + ConsoleUsers.OPERATOR).equals(authority.getAuthority()));
	}

}
