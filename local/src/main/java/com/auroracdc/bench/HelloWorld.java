package com.auroracdc.bench;

/** The cold-start benchmark's yardstick: a JVM that starts, prints one line and exits. */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello world");
    }
}
