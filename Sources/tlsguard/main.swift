// The tlsguard command.
