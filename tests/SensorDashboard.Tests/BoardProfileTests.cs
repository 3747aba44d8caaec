using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using NanoWs.Hardware;
using NanoWs.Net;
using NanoWs.Samples.SensorDashboard;
using Xunit;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// Board facts that the firmware decides: every profile's server options fit its firmware's
    /// sockets, and every firmware target a profile or a <c>nanoff --target</c> line in the docs
    /// names exists in nanoFramework's firmware.
    /// </summary>
    public sealed class BoardProfileTests
    {
        /// <summary>
        /// The targets of nanoframework/nf-interpreter @ a3e8139a1ba7 that the boards here use: the
        /// configure presets of targets/ESP32/CMakePresets.json (the S3 ones are ESP32_S3_QUAD and
        /// ESP32_S3_OCTAL, also the package names in azure-pipelines.yml) and the ChibiOS target folder
        /// targets/ChibiOS/ST_STM32F769I_DISCOVERY.
        /// </summary>
        private static readonly string[] FirmwareTargets =
        {
            "ESP32_REV0", "ESP32_PSRAM_REV0", "ESP32_PSRAM_REV3", "ESP32_S3_QUAD", "ESP32_S3_OCTAL", "ST_STM32F769I_DISCOVERY",
        };

        public static IEnumerable<object[]> Profiles()
        {
            yield return new object[] { "DevKitC", Esp32DevKitC.Create(), 16 };
            yield return new object[] { "WROVER", Esp32Wrover.Create(), 16 };
            yield return new object[] { "S3", Esp32S3.Create(), 16 };
            yield return new object[] { "STM32F769I-DISCO", Stm32F769iDisco.Create(), 4 };
        }

        [Theory]
        [MemberData(nameof(Profiles))]
        public void EveryProfilesServerOptionsFitItsFirmwareSocketsAndStart(string board, BoardProfile profile, int firmwareSockets)
        {
            WebSocketServerOptions options = BoardServerOptions.FromProfile(profile);
            Assert.Equal(firmwareSockets, options.SocketBudget);
            Assert.True(options.SocketsNeeded <= options.SocketBudget,
                board + " needs " + options.SocketsNeeded + " sockets of " + options.SocketBudget);

            // The server's own start-time check passes (on loopback, any free port).
            options.BindAddress = IPAddress.Loopback;
            options.Port = 0;
            var server = new WebSocketServer(options);
            server.Start();
            try
            {
                Assert.True(server.IsRunning);
            }
            finally
            {
                server.Stop();
            }
        }

        public static IEnumerable<object[]> TlsProfiles()
        {
            yield return new object[] { "DevKitC", Esp32DevKitC.Create(), 0 };
            yield return new object[] { "WROVER", Esp32Wrover.Create(), 4 };
            yield return new object[] { "S3", Esp32S3.Create(), 0 };
            yield return new object[] { "S3 PSRAM", Esp32S3.CreateWithPsram(), 4 };
            yield return new object[] { "STM32F769I-DISCO", Stm32F769iDisco.Create(), 0 };
        }

        /// <summary>
        /// Server TLS per profile (docs/tls.md): none without PSRAM, where the server refuses a
        /// certificate at start; with PSRAM 4 connections, and a dashboard over TLS starts once
        /// MaxConnections is within them.
        /// </summary>
        [Theory]
        [MemberData(nameof(TlsProfiles))]
        public void EveryProfilesTlsBudgetIsCheckedAtStart(string board, BoardProfile profile, int tlsConnections)
        {
            Assert.Equal(tlsConnections, profile.MaxTlsConnections);
            WebSocketServerOptions options = BoardServerOptions.FromProfile(profile);
            Assert.Equal(tlsConnections, options.MaxTlsConnections);
            options.BindAddress = IPAddress.Loopback;
            options.Port = 0;
            using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            {
                var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=board.local", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
                options.TlsCertificatePem = certificate.ExportCertificatePem();
                options.TlsKeyPem = key.ExportPkcs8PrivateKeyPem();
            }

            if (tlsConnections == 0)
            {
                InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => new WebSocketServer(options).Start());
                Assert.StartsWith("server TLS does not fit this board (MaxTlsConnections 0", e.Message);
                return;
            }

            if (options.MaxConnections > tlsConnections)
            {
                InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => new WebSocketServer(options).Start());
                Assert.Equal("the server would hold " + options.MaxConnections + " TLS connections but the board fits " + tlsConnections
                    + " (MaxTlsConnections): lower MaxConnections to " + tlsConnections, e.Message);
                options.MaxConnections = tlsConnections;
            }

            var server = new WebSocketServer(options);
            server.Start();
            try
            {
                Assert.True(server.IsRunning, board);
                Assert.True(server.IsSecure, board);
            }
            finally
            {
                server.Stop();
            }
        }

        [Fact]
        public void Stm32F769iDiscoServesTwoConnectionsInItsFourSockets()
        {
            WebSocketServerOptions options = BoardServerOptions.FromProfile(Stm32F769iDisco.Create());
            Assert.Equal(2, options.MaxConnections);
            Assert.Equal(0, options.MaxPendingRejects);
            Assert.Equal(4, options.SocketsNeeded);

            // One more connection than the firmware can hold is refused at start, with the numbers.
            options.MaxConnections = 3;
            options.Port = 0;
            options.BindAddress = IPAddress.Loopback;
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => new WebSocketServer(options).Start());
            Assert.Equal(
                "the server needs 5 sockets (3 connections + 1 listener + 1 newcomer at a full house + 0 pending rejects)"
                + " but the firmware has 4 (SocketBudget): lower MaxConnections or MaxPendingRejects",
                e.Message);
        }

        [Fact]
        public void Esp32ProfilesKeepTheSavedStateOnTheInternalFlashAndTheStm32ProfileHasNone()
        {
            // ESP32 firmwares mount their LittleFS partition as I:; the STM32F769I-DISCO's has no
            // file system on its internal flash (only the microSD slot).
            BoardProfile[] esp32 = { Esp32DevKitC.Create(), Esp32Wrover.Create(), Esp32S3.Create(), Esp32S3.CreateWithPsram() };
            Assert.All(esp32, p => Assert.Equal("I:\\dashboard-state.json", p.StateFilePath));
            Assert.Null(Stm32F769iDisco.Create().StateFilePath);
        }

        [Fact]
        public void EveryProfileNamesFirmwareTargetsThatExist()
        {
            string[] named =
            {
                Esp32DevKitC.Create().FirmwareTarget, Esp32DevKitC.FirmwareTarget,
                Esp32Wrover.Create().FirmwareTarget, Esp32Wrover.FirmwareTarget, Esp32Wrover.FirmwareTargetRev0,
                Esp32S3.Create().FirmwareTarget, Esp32S3.FirmwareTarget, Esp32S3.FirmwareTargetOctalPsram,
                Stm32F769iDisco.Create().FirmwareTarget, Stm32F769iDisco.FirmwareTarget,
            };
            Assert.All(named, target => Assert.Contains(target, FirmwareTargets));
            Assert.Equal("ESP32_S3_QUAD", Esp32S3.FirmwareTarget);
            Assert.Equal("ESP32_S3_OCTAL", Esp32S3.FirmwareTargetOctalPsram);
        }

        [Fact]
        public void EveryNanoffTargetInTheDocsExists()
        {
            string root = RepositoryRoot();
            var found = new List<string>();
            foreach (string file in Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("node_modules/") || relative.Contains("/bin/") || relative.Contains("/obj/") || relative.StartsWith(".git"))
                {
                    continue;
                }

                string[] lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    if (!lines[i].Contains("nanoff"))
                    {
                        continue;
                    }

                    foreach (Match m in Regex.Matches(lines[i], @"--target\s+([A-Za-z0-9_.\-]+)"))
                    {
                        string target = m.Groups[1].Value;
                        found.Add(relative + ":" + (i + 1) + " " + target);
                        Assert.True(FirmwareTargets.Contains(target), relative + ":" + (i + 1) + " names nanoff target " + target + ", which nanoFramework's firmware does not have");
                    }
                }
            }

            // The board guides and docs/boards.md flash every board: the scan saw them.
            Assert.Contains(found, f => f.StartsWith("docs/boards.md:") && f.EndsWith(" ESP32_S3_QUAD"));
            Assert.Contains(found, f => f.StartsWith("hardware/Boards/esp32-s3.md:") && f.EndsWith(" ESP32_S3_OCTAL"));
            Assert.Contains(found, f => f.StartsWith("hardware/Boards/stm32f769i-disco.md:") && f.EndsWith(" ST_STM32F769I_DISCOVERY"));
        }

        private static string RepositoryRoot()
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "NanoWs.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            Assert.NotNull(dir);
            return dir;
        }
    }
}
