// The shared test support of tests/Shared (ChildProcess, ServerHarness, RawClient, ...) is in namespace NanoWs.Tests.
global using NanoWs.Tests;
