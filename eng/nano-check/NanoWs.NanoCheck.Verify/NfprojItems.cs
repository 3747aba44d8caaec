using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace NanoWs.NanoCheck.Verify
{
    /// <summary>
    /// Lists what a .nfproj builds from, one item a line, for scripts that compile it without the
    /// nanoFramework project system (tests/nanoclr.sh): <c>compile FULLPATH</c> for every Compile
    /// item, <c>project FULLPATH</c> for every ProjectReference, <c>reference NAME</c> for every
    /// package assembly it references and <c>assembly NAME</c> for its AssemblyName, paths resolved
    /// against the project's folder.
    /// </summary>
    internal static class NfprojItems
    {
        public static List<string> Run(string nfproj, out List<string> lines)
        {
            var problems = new List<string>();
            lines = new List<string>();
            string directory = Path.GetDirectoryName(Path.GetFullPath(nfproj));
            XDocument document = XDocument.Load(nfproj);
            string assembly = document.Descendants().Where(e => e.Name.LocalName == "AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault();
            if (string.IsNullOrEmpty(assembly))
            {
                problems.Add("no AssemblyName");
            }
            else
            {
                lines.Add("assembly " + assembly);
            }

            // Package assemblies by name ("System.Device.Gpio" of "System.Device.Gpio, Version=…").
            foreach (XElement reference in document.Descendants().Where(e => e.Name.LocalName == "Reference"))
            {
                string name = ((string)reference.Attribute("Include") ?? string.Empty).Split(',')[0].Trim();
                if (name.Length > 0)
                {
                    lines.Add("reference " + name);
                }
            }

            foreach (XElement item in document.Descendants().Where(e => e.Name.LocalName == "Compile" || e.Name.LocalName == "ProjectReference"))
            {
                string include = (string)item.Attribute("Include");
                if (string.IsNullOrEmpty(include) || include.Contains('*') || include.Contains('$'))
                {
                    problems.Add($"{item.Name.LocalName} item '{include}' is not a plain path");
                    continue;
                }

                string path = Path.GetFullPath(Path.Combine(directory, include.Replace('\\', '/')));
                if (!File.Exists(path))
                {
                    problems.Add($"{include} does not exist");
                    continue;
                }

                lines.Add((item.Name.LocalName == "Compile" ? "compile " : "project ") + path);
            }

            return problems;
        }
    }
}
