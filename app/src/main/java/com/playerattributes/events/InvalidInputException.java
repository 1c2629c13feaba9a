package com.playerattributes.events;

/** Input the user gave cannot be used; the message is one line naming the file, column or parameter. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
