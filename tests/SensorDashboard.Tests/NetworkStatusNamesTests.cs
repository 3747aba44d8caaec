using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using NanoWs.Hardware;
using Xunit;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// The board's network diagnostics print nanoFramework's <c>NetworkHelperStatus</c> by name: on
    /// nanoFramework <c>Enum.ToString()</c> prints the number.
    /// </summary>
    public sealed class NetworkStatusNamesTests
    {
        [Theory]
        [InlineData(0, "None")]
        [InlineData(2, "NetworkIsReady")]
        [InlineData(4, "TokenExpiredWaitingIPAddress")]
        [InlineData(6, "ErrorConnetingToWiFiWhileScanning")]
        [InlineData(8, "Reconnecting")]
        [InlineData(9, "status 9")]
        [InlineData(-1, "status -1")]
        public void StatusIsPrintedByName(int value, string expected)
        {
            Assert.Equal(expected, NetworkStatusNames.Name(value));
        }

        [Fact]
        public void EveryValueOfTheReferenceStubsEnumHasItsOwnName()
        {
            // The stub's enum is checked against nanoFramework's source (its header cites the file
            // and commit); its members, in order, are the values 0, 1, 2, ...
            string stub = File.ReadAllText(Path.Combine(RepositoryRoot(), "eng/NanoFrameworkStubs/SystemNet/NetworkInformation.cs"));
            Match body = Regex.Match(stub, @"public enum NetworkHelperStatus\s*\{(?<body>[^}]*)\}");
            Assert.True(body.Success);
            var names = new List<string>();
            foreach (Match m in Regex.Matches(body.Groups["body"].Value, @"^\s*(?<name>[A-Za-z]\w*)\s*,?\s*$", RegexOptions.Multiline))
            {
                names.Add(m.Groups["name"].Value);
            }

            Assert.Equal(9, names.Count);
            for (int i = 0; i < names.Count; i++)
            {
                Assert.Equal(names[i], NetworkStatusNames.Name(i));
            }
        }

        private static string RepositoryRoot()
        {
            string dir = System.AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "NanoWs.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            Assert.NotNull(dir);
            return dir;
        }
    }
}
