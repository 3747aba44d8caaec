using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using NanoWs.Tests.Host.Runner;

namespace NanoWs.Tests.Host
{
    /// <summary>
    /// Runs the tests written against nanoFramework.TestFramework (the sources of tests/NanoWs.Tests,
    /// compiled into this assembly) as individual xUnit test cases. The first case of a class runs
    /// the whole class once, in launcher order, so <c>[Setup]</c> and <c>[Cleanup]</c> run once per
    /// class and static state flows between its tests exactly as on a board; every case then
    /// reports its own outcome. Classes in the <c>NanoWs.Tests.Host</c> namespace are not run here.
    /// </summary>
    public sealed class NanoFrameworkTests
    {
        private static readonly Lazy<IReadOnlyList<NanoTestCase>> LazyCatalog =
            new Lazy<IReadOnlyList<NanoTestCase>>(() => NanoTestCatalog.Discover(typeof(NanoFrameworkTests).Assembly, IsSharedTestClass));

        private static readonly ConcurrentDictionary<Type, Lazy<IReadOnlyDictionary<string, ExceptionDispatchInfo>>> ClassRuns =
            new ConcurrentDictionary<Type, Lazy<IReadOnlyDictionary<string, ExceptionDispatchInfo>>>();

        /// <summary>The nanoFramework tests of this assembly, in launcher order.</summary>
        public static IReadOnlyList<NanoTestCase> Catalog => LazyCatalog.Value;

        /// <summary>True for classes from the shared test sources, false for this runner's own code and fixtures.</summary>
        public static bool IsSharedTestClass(Type type)
        {
            string ns = type.Namespace ?? string.Empty;
            return ns != "NanoWs.Tests.Host" && !ns.StartsWith("NanoWs.Tests.Host.", StringComparison.Ordinal);
        }

        /// <summary>Runs (or reports the recorded outcome of) the nanoFramework test named <paramref name="test"/>.</summary>
        [NanoFrameworkTests]
        public void Run(string test)
        {
            NanoTestCase testCase = Catalog.FirstOrDefault(c => c.Id == test)
                ?? throw new InvalidOperationException($"No nanoFramework test is named '{test}'; rebuild to refresh discovery.");

            IReadOnlyDictionary<string, ExceptionDispatchInfo> outcomes = ClassRuns.GetOrAdd(
                testCase.TestClass,
                type => new Lazy<IReadOnlyDictionary<string, ExceptionDispatchInfo>>(
                    () => NanoClassRun.Run(Catalog.Where(c => c.TestClass == type)))).Value;

            outcomes[test]?.Throw();
        }
    }
}
