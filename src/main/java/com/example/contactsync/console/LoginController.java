package com.example.contactsync.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's login page (Spring Security's form login posts to the same path). */
@Controller
@ConditionalOnConsole
class LoginController {

	@GetMapping("/console/login")
	String login() {
		return "console/login";
	}

}
