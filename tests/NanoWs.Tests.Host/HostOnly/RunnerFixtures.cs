// Test classes for the runner's own tests (RunnerTests.cs). Their namespace keeps them out of the
// nanoFramework test list that NanoFrameworkTests runs; some fail on purpose.

using System.Collections.Generic;
using nanoFramework.TestFramework;

namespace NanoWs.Tests.Host.HostOnly.Fixtures
{
    [TestClass]
    public class OrderFixture
    {
        public static readonly List<string> Log = new List<string>();

        [Cleanup]
        public void Down() => Log.Add("cleanup");

        [TestMethod]
        public void Passes() => Log.Add("passes");

        [TestMethod]
        public static void FailsAreEqual()
        {
            Log.Add("fails");
            Assert.AreEqual(1, 2);
        }

        [TestMethod]
        [DataRow(1, 2, 3)]
        [DataRow(5, 6, 12)]
        public void Adds(int a, int b, int sum)
        {
            Log.Add("adds " + a);
            Assert.AreEqual(sum, a + b);
        }

        [DataRow("x")]
        public void RowOnly(string s) => Log.Add("row " + s);

        [Setup]
        public void Up() => Log.Add("setup");

        [TestMethod]
        internal void Hidden()
        {
        }
    }

    [TestClass]
    public class InstanceFieldFixture
    {
        private int count;

        [TestMethod]
        public void UsesField() => count++;

        [TestMethod]
        public static void StaticIsFine()
        {
        }
    }

    [TestClass]
    public class BadRowFixture
    {
        [DataRow(1)]
        public void TakesLong(long value)
        {
        }

        [DataRow(1L)]
        public void TakesLongCorrectly(long value)
        {
        }

        [TestMethod]
        public void NeedsArgument(int value)
        {
        }
    }

    public class NoTestClassFixture
    {
        [TestMethod]
        public void Forgotten()
        {
        }
    }
}
