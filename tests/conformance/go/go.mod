module cleanupconformance

go 1.25
