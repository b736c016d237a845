// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/synchistory.h"

#include <QWidget>

/// A painted bar chart of recent sync durations: one bar per sync, height = duration, colour and a
/// marker by result (failed bars get a cross so that the meaning does not rest on colour alone).
class SparklineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit SparklineWidget(QWidget *parent = nullptr);

    /// Records oldest first; only the newest maxBars() are drawn.
    void setRecords(const QList<SyncRecord> &records);
    [[nodiscard]] QList<SyncRecord> records() const { return mRecords; }
    [[nodiscard]] static int maxBars() { return 40; }
    /// A one-line summary ("12 syncs, 1 failed, median 4.2 s"), also the accessible description.
    [[nodiscard]] QString summary() const;
    /// What the marks mean (bar height, the dot of a sync started by hand, the cross of a failure).
    [[nodiscard]] static QString legend();

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    [[nodiscard]] int barAt(const QPoint &pos) const;
    [[nodiscard]] QRectF barRect(int index, int count, qint64 maxMs) const;

    QList<SyncRecord> mRecords;
};
