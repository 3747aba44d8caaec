// The shared test support of tests/Shared (ChildProcess, DashboardClient, RepoPaths, ...) is in namespace NanoWs.Tests.
global using NanoWs.Tests;
