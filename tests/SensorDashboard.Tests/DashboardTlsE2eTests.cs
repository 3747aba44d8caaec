using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace NanoWs.Samples.SensorDashboard.Tests
{
    /// <summary>
    /// End-to-end over TLS: the SensorDashboard simulator started with <c>--tls-cert</c> and
    /// <c>--tls-key</c> (a certificate for 127.0.0.1 signed by the test CA, made at test time by
    /// openssl) serves the dashboard on https:// and its socket on wss:// of the same port to
    /// headless Chromium, which trusts exactly that certificate's public key
    /// (<c>--ignore-certificate-errors-spki-list</c>: the machine has no NSS tools to add the CA to
    /// a profile). tests/e2e/dashboard.e2e.js runs its whole script (page gzip-compressed, values
    /// updating, a command acknowledged and broadcast to another tab, reconnect on reload) against
    /// it. Screenshot: artifacts/dashboard-tls.png.
    /// </summary>
    public sealed class DashboardTlsE2eTests
    {
        private readonly ITestOutputHelper _output;

        public DashboardTlsE2eTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void DashboardWorksOverHttpsAndWssInHeadlessChromium()
        {
            string e2eDir = RepoPaths.ChromiumE2eDir();
            TestCertificates certs = TestCertificates.Shared;
            string artifacts = Path.Combine(RepoPaths.Root, "artifacts");
            string screenshot = Path.Combine(artifacts, "dashboard-tls.png");
            Directory.CreateDirectory(artifacts);
            File.Delete(screenshot);

            using var device = ChildProcess.Start("dotnet", RepoPaths.Root, RepoPaths.SampleDll("SensorDashboard"), "--port", "0",
                "--tls-cert", certs.CertFile("server"), "--tls-key", certs.KeyFile("server"), "--history-res", "500", "--state-file", "none");
            string url = DashboardE2eTests.DeviceUrl(device, "https");

            // Chromium's SPKI pin: base64 of SHA-256 over the certificate's DER SubjectPublicKeyInfo.
            using var server = X509Certificate2.CreateFromPem(certs.Cert("server"));
            string spki = Convert.ToBase64String(SHA256.HashData(server.PublicKey.ExportSubjectPublicKeyInfo()));
            var env = new Dictionary<string, string> { ["NANOWS_E2E_SPKI"] = spki };
            using var browser = ChildProcess.StartWith(env, "node", e2eDir, Path.Combine(e2eDir, "dashboard.e2e.js"), url, screenshot);
            JsonObject result = DashboardE2eTests.ScriptResult(browser, device, "e2e over TLS");
            Assert.True(File.Exists(screenshot), "no screenshot");
            _output.WriteLine(result.ToJsonString());
        }
    }
}
