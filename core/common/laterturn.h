// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

#include <utility>

/// Runs `function` in a later turn of the event loop, after the events already posted (a paint among them) and
/// after the timers already due, unless `context` is deleted first.
///
/// Work split into turns so that the window stays responsive needs this, not QTimer::singleShot(0) or a queued
/// call: Qt 6 makes a zero single shot a queued call, and the event loop runs every posted event before it looks
/// at its timers, so a chain of queued calls (each posting the next) starves the timers until the chain ends.
template<typename Function> void runInLaterTurn(QObject *context, Function &&function)
{
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, context, [timer, function = std::forward<Function>(function)]() mutable {
        timer->deleteLater();
        function();
    });
    timer->start(0);
}
