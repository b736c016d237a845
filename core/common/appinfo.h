// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QCommandLineParser;
class QCoreApplication;

/// Sets the application name, version and organisation for one of our executables.
void initApplication(QCoreApplication &app, const QString &applicationName);

/// The version shown by --version: project version plus `git describe` when built from git.
[[nodiscard]] QString versionString();

/// The reverse-DNS application id, also the .desktop file's basename.
[[nodiscard]] QString applicationId();

/// A user agent like `volsync-desktop/0.1.0 (linux/amd64)`.
[[nodiscard]] QString userAgent();

/// Adds --help, --version and -v/--verbose to a parser.
void addStandardOptions(QCommandLineParser &parser);

/// After parsing: prints the version and exits for --version; turns on debug output of the volsync.* categories when -v
/// was given.
void applyStandardOptions(const QCommandLineParser &parser);
