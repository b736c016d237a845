// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

/// volsyncctl's front: parses the global options, picks the command and runs it.
class CliDispatcher : public QObject
{
    Q_OBJECT
public:
    explicit CliDispatcher(QObject *parent = nullptr);

    /// Parses `arguments` (argv including the program name) and starts the command.
    /// Emits finished() with the exit code, possibly before returning (for --help and usage errors).
    void start(const QStringList &arguments);

Q_SIGNALS:
    void finished(int exitCode);

private:
    using Factory = std::function<CliCommand *(QObject *parent)>;
    void registerCommand(Factory factory);
    [[nodiscard]] QString helpText() const;

    std::vector<Factory> mFactories;
};
