using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using NanoWs.Tests.Host.HostOnly.Fixtures;
using NanoWs.Tests.Host.Runner;
using TestFrameworkShared;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;
using NanoAssert = nanoFramework.TestFramework.Assert;
using NanoCollectionAssert = nanoFramework.TestFramework.CollectionAssert;
using NanoDataRow = nanoFramework.TestFramework.DataRowAttribute;

namespace NanoWs.Tests.Host.HostOnly
{
    /// <summary>Tests of the host TestFramework implementation and the xUnit adapter.</summary>
    public class RunnerTests
    {
        private const string Fixtures = "NanoWs.Tests.Host.HostOnly.Fixtures.";

        private static IReadOnlyList<NanoTestCase> Discover(Type type) =>
            NanoTestCatalog.Discover(typeof(RunnerTests).Assembly, t => t == type);

        [Fact]
        public void Discovery_finds_cases_in_launcher_order()
        {
            Assert.NotEmpty(NanoTestCatalog.Discover(typeof(RunnerTests).Assembly));

            string[] ids = Discover(typeof(OrderFixture)).Select(c => c.Id.Substring(Fixtures.Length)).ToArray();

            Assert.Equal(
                new[]
                {
                    "OrderFixture.Up [Setup]",
                    "OrderFixture.Passes",
                    "OrderFixture.FailsAreEqual",
                    "OrderFixture.Adds(row 1: 1, 2, 3)",
                    "OrderFixture.Adds(row 2: 5, 6, 12)",
                    "OrderFixture.RowOnly(row 1: \"x\")",
                    "OrderFixture.Down [Cleanup]",
                    "OrderFixture.Hidden [ignored]",
                },
                ids);
        }

        [Fact]
        public void Class_run_calls_setup_and_cleanup_once_and_reports_each_case()
        {
            OrderFixture.Log.Clear();
            IReadOnlyList<NanoTestCase> cases = Discover(typeof(OrderFixture));

            IReadOnlyDictionary<string, ExceptionDispatchInfo> outcomes = NanoClassRun.Run(cases);

            Assert.Equal(new[] { "setup", "passes", "fails", "adds 1", "adds 5", "row x", "cleanup" }, OrderFixture.Log);
            Assert.Null(outcomes[Fixtures + "OrderFixture.Passes"]);
            Assert.Null(outcomes[Fixtures + "OrderFixture.Adds(row 1: 1, 2, 3)"]);
            Exception failed = outcomes[Fixtures + "OrderFixture.FailsAreEqual"].SourceException;
            Assert.IsType<AssertFailedException>(failed);
            Assert.StartsWith("Assert.AreEqual failed. Expected:<1>. Actual:<2>.", failed.Message);
            Assert.IsType<AssertFailedException>(outcomes[Fixtures + "OrderFixture.Adds(row 2: 5, 6, 12)"].SourceException);
            Assert.Contains("not public", outcomes[Fixtures + "OrderFixture.Hidden [ignored]"].SourceException.Message);
        }

        [Fact]
        public void Instance_fields_and_unconverted_rows_are_reported()
        {
            IReadOnlyList<NanoTestCase> instance = Discover(typeof(InstanceFieldFixture));
            Assert.Contains("instance field 'count'", instance.Single(c => c.Method.Name == "UsesField").Problem);
            Assert.Null(instance.Single(c => c.Method.Name == "StaticIsFine").Problem);

            IReadOnlyList<NanoTestCase> rows = Discover(typeof(BadRowFixture));
            Assert.Contains("Int32 but the parameter 'value' is Int64", rows.Single(c => c.Method.Name == "TakesLong").Problem);
            Assert.Null(rows.Single(c => c.Method.Name == "TakesLongCorrectly").Problem);
            Assert.Contains("takes 1 parameter(s) but is given 0", rows.Single(c => c.Method.Name == "NeedsArgument").Problem);

            NanoTestCase forgotten = Discover(typeof(NoTestClassFixture)).Single();
            Assert.Equal(NanoTestKind.Ignored, forgotten.Kind);
            Assert.Contains("no [TestClass]", forgotten.Problem);
        }

        [Fact]
        public void Failing_asserts_throw_AssertFailedException_with_the_values()
        {
            var ex = Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(1, 2, "frame length"));
            Assert.Equal("Assert.AreEqual failed. Expected:<1>. Actual:<2>. frame length", ex.Message);

            Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual("a", "A"));
            Assert.Throws<AssertFailedException>(() => NanoAssert.AreEqual((byte)1, (byte)2));
            Assert.Throws<AssertFailedException>(() => NanoAssert.AreNotEqual(3L, 3L));
            Assert.Throws<AssertFailedException>(() => NanoAssert.IsNull(new object()));
            Assert.Throws<AssertFailedException>(() => NanoAssert.IsNotNull(null));
            Assert.Throws<AssertFailedException>(() => NanoAssert.IsFalse(true));
            ex = Assert.Throws<AssertFailedException>(() => NanoAssert.IsTrue(1 > 2));
            Assert.Equal("Assert.IsTrue failed. 1 > 2", ex.Message);

            NanoAssert.AreEqual((string)null, null);
            NanoAssert.AreEqual(double.NaN, double.NaN);
            NanoAssert.AreEqual((object)7u, 7u);
            NanoAssert.AreNotEqual((object)7, 7L);
        }

        [Fact]
        public void ThrowsException_wants_the_exact_type()
        {
            NanoAssert.ThrowsException(typeof(InvalidOperationException), () => throw new InvalidOperationException());

            var derived = Assert.Throws<AssertFailedException>(
                () => NanoAssert.ThrowsException(typeof(Exception), () => throw new InvalidOperationException()));
            Assert.Contains("Threw exception InvalidOperationException, but exception Exception was expected.", derived.Message);

            var none = Assert.Throws<AssertFailedException>(() => NanoAssert.ThrowsException(typeof(Exception), () => { }));
            Assert.Contains("No exception thrown.", none.Message);
        }

        [Fact]
        public void CollectionAssert_compares_elements_in_order()
        {
            NanoCollectionAssert.AreEqual(new byte[] { 1, 2 }, new byte[] { 1, 2 });
            NanoCollectionAssert.AreEqual(null, null);

            var ex = Assert.Throws<AssertFailedException>(() => NanoCollectionAssert.AreEqual(new byte[] { 1, 2 }, new byte[] { 1, 3 }));
            Assert.Equal("CollectionAssert.AreEqual failed. (Element at index 1 do not match. Expected:<2>. Actual:<3>.)", ex.Message);
            Assert.Throws<AssertFailedException>(() => NanoCollectionAssert.AreEqual(new byte[] { 1 }, new byte[] { 1, 2 }));
            Assert.Throws<AssertFailedException>(() => NanoCollectionAssert.AreEqual(new byte[0], null));
            Assert.Throws<ArgumentException>(() => new NanoDataRow());
        }

        [Fact]
        public void Adapter_yields_one_distinct_serializable_xunit_case_per_test()
        {
            Assert.False(NanoFrameworkTests.IsSharedTestClass(typeof(OrderFixture)));

            var method = new TestMethod(
                new TestClass(
                    new TestCollection(new TestAssembly(Reflector.Wrap(typeof(RunnerTests).Assembly)), null, "nano"),
                    Reflector.Wrap(typeof(NanoFrameworkTests))),
                Reflector.Wrap(typeof(NanoFrameworkTests).GetMethod(nameof(NanoFrameworkTests.Run))));

            IXunitTestCase[] discovered = new NanoTestCaseDiscoverer(new NullMessageSink())
                .Discover(new DiscoveryOptions(), method, null).ToArray();
            Assert.Equal(NanoFrameworkTests.Catalog.Select(c => c.Id), discovered.Select(c => c.DisplayName));
            Assert.Equal(discovered.Length, discovered.Select(c => c.UniqueID).Distinct().Count());

            string[] ids = Discover(typeof(OrderFixture)).Select(c => c.Id).ToArray();
#pragma warning disable CS0618 // the de-serializing constructor is meant for xUnit
            IXunitTestCase[] roundTripped = ids
                .Select(id => new NanoXunitTestCase(new NullMessageSink(), TestMethodDisplay.ClassAndMethod, TestMethodDisplayOptions.None, method, id))
                .Select(c => SerializationHelper.Deserialize<IXunitTestCase>(SerializationHelper.Serialize(c)))
                .ToArray();
#pragma warning restore CS0618
            Assert.Equal(ids, roundTripped.Select(c => c.DisplayName));
            Assert.Equal(ids.Length, roundTripped.Select(c => c.UniqueID).Distinct().Count());
        }

        private sealed class DiscoveryOptions : ITestFrameworkDiscoveryOptions
        {
            private readonly Dictionary<string, object> values = new Dictionary<string, object>();

            public TValue GetValue<TValue>(string name) => values.TryGetValue(name, out object value) ? (TValue)value : default;

            public void SetValue<TValue>(string name, TValue value) => values[name] = value;
        }
    }
}
