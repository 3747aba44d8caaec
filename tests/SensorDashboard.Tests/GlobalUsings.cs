// The shared test support of tests/Shared (DashboardClient) is in namespace NanoWs.Tests.
global using NanoWs.Tests;
