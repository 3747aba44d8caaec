using System;
using System.Collections.Generic;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace NanoWs.Tests.Host.Runner
{
    /// <summary>
    /// Marks the one xUnit method that stands for every nanoFramework test: the discoverer turns it
    /// into one xUnit test case per <see cref="NanoTestCase"/>, named by its id.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    [XunitTestCaseDiscoverer("NanoWs.Tests.Host.Runner.NanoTestCaseDiscoverer", "NanoWs.Tests.Host")]
    public sealed class NanoFrameworkTestsAttribute : FactAttribute
    {
    }

    /// <summary>Creates one xUnit test case per nanoFramework test of the test assembly.</summary>
    public sealed class NanoTestCaseDiscoverer : IXunitTestCaseDiscoverer
    {
        private readonly IMessageSink diagnosticMessageSink;

        /// <summary>Called by xUnit.</summary>
        public NanoTestCaseDiscoverer(IMessageSink diagnosticMessageSink)
        {
            this.diagnosticMessageSink = diagnosticMessageSink;
        }

        /// <inheritdoc/>
        public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        {
            var result = new List<IXunitTestCase>();
            foreach (NanoTestCase testCase in NanoFrameworkTests.Catalog)
            {
                result.Add(new NanoXunitTestCase(
                    diagnosticMessageSink,
                    discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod,
                    testCase.Id));
            }

            return result;
        }
    }

    /// <summary>An xUnit test case for one nanoFramework test; its only argument, and its display name, is the test id.</summary>
    public sealed class NanoXunitTestCase : XunitTestCase
    {
        /// <summary>Used by the xUnit de-serializer.</summary>
        [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
        public NanoXunitTestCase()
        {
        }

        /// <summary>Creates the case for the test named <paramref name="id"/>.</summary>
        public NanoXunitTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod, string id)
            : base(diagnosticMessageSink, display, options, testMethod, new object[] { id })
        {
        }

        /// <inheritdoc/>
        protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) => (string)TestMethodArguments[0];
    }
}
