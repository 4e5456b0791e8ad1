package dev.threadline.local;

public final class LocalRunner {
    public static void main(String[] args) {
    }
}
