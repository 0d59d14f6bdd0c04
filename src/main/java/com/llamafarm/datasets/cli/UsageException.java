package com.llamafarm.datasets.cli;

/** Something the user must fix before anything can run: exit code 2 with this one-line message. */
public class UsageException extends RuntimeException {

	public UsageException(String message) {
		super(message);
	}

}
