// The shared test support of tests/Shared (ChildProcess, RawFrame, ServerHarness, ...) is in namespace NanoWs.Tests.
global using NanoWs.Tests;
