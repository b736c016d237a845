// SPDX-License-Identifier: GPL-3.0-or-later
#include "sparklinewidget.h"

#include "statusstyle.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

SparklineWidget::SparklineWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("syncDurationChart"));
    setAccessibleName(tr("Recent sync durations"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void SparklineWidget::setRecords(const QList<SyncRecord> &records)
{
    mRecords = records.size() > maxBars() ? records.mid(records.size() - maxBars()) : records;
    setAccessibleDescription(summary());
    update();
}

QString SparklineWidget::summary() const
{
    if (mRecords.isEmpty()) {
        return tr("No syncs seen yet.");
    }
    int failed = 0;
    for (const SyncRecord &record : mRecords) {
        if (record.result != QLatin1String("Successful")) {
            ++failed;
        }
    }
    const double median = SyncHistory::medianDurationMs(mRecords) / 1000.0;
    return tr("%n sync(s), %1 failed, median %2 s", nullptr, int(mRecords.size()))
        .arg(failed)
        .arg(QLocale().toString(median, 'f', 1));
}

QString SparklineWidget::legend()
{
    return tr("Bar height: how long the mover ran. Dot at the foot of a bar: a sync started by hand (Sync now). "
              "Cross above a bar: the sync failed.");
}

QSize SparklineWidget::sizeHint() const
{
    return {320, 64};
}

QSize SparklineWidget::minimumSizeHint() const
{
    return {120, 48};
}

QRectF SparklineWidget::barRect(int index, int count, qint64 maxMs) const
{
    const QRectF area = QRectF(rect()).adjusted(2, 4, -2, -2);
    const double slot = area.width() / qMax(count, maxBars() / 2);
    const double width = qMax(2.0, slot * 0.7);
    const qint64 duration = mRecords.at(index).durationMs;
    const double height = maxMs > 0 ? qMax(3.0, area.height() * double(duration) / double(maxMs)) : 3.0;
    const double x = area.right() - (count - index) * slot + (slot - width) / 2;
    return {x, area.bottom() - height, width, height};
}

int SparklineWidget::barAt(const QPoint &pos) const
{
    qint64 maxMs = 0;
    for (const SyncRecord &record : mRecords) {
        maxMs = qMax(maxMs, record.durationMs);
    }
    const int count = int(mRecords.size());
    for (int i = 0; i < count; ++i) {
        const QRectF bar = barRect(i, count, maxMs);
        if (pos.x() >= bar.left() - 1 && pos.x() <= bar.right() + 1) {
            return i;
        }
    }
    return -1;
}

void SparklineWidget::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    painter.setPen(QPen(pal.color(QPalette::Mid), 1));
    painter.drawLine(QPointF(2, height() - 1.5), QPointF(width() - 2, height() - 1.5));
    if (mRecords.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        // The summary line below the chart already says there is nothing yet; keep the empty chart quiet.
        painter.drawText(rect(), Qt::AlignCenter, QStringLiteral("—"));
        return;
    }
    qint64 maxMs = 0;
    for (const SyncRecord &record : std::as_const(mRecords)) {
        maxMs = qMax(maxMs, record.durationMs);
    }
    const QColor ok = StatusStyle::color(StatusStyle::Kind::Ok, pal);
    const QColor failed = StatusStyle::color(StatusStyle::Kind::Error, pal);
    const int count = int(mRecords.size());
    for (int i = 0; i < count; ++i) {
        const SyncRecord &record = mRecords.at(i);
        const bool good = record.result == QLatin1String("Successful");
        const QRectF bar = barRect(i, count, maxMs);
        painter.setPen(Qt::NoPen);
        painter.setBrush(good ? ok : failed);
        painter.drawRoundedRect(bar, 1.5, 1.5);
        if (!good) {
            // A cross above the bar: failure is visible without colour.
            painter.setPen(QPen(failed, 1.6));
            const double cx = bar.center().x();
            const double cy = qMax(4.0, bar.top() - 5);
            painter.drawLine(QPointF(cx - 3, cy - 3), QPointF(cx + 3, cy + 3));
            painter.drawLine(QPointF(cx - 3, cy + 3), QPointF(cx + 3, cy - 3));
        }
        if (record.manual) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(pal.color(QPalette::WindowText));
            painter.drawEllipse(QPointF(bar.center().x(), bar.bottom() - 3), 1.5, 1.5);
        }
    }
}

bool SparklineWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = barAt(help->pos());
        if (i >= 0) {
            const SyncRecord &record = mRecords.at(i);
            QToolTip::showText(help->globalPos(),
                tr("%1: %2 in %3 s%4")
                    .arg(QLocale().toString(record.end.toLocalTime(), QLocale::ShortFormat),
                        record.result == QLatin1String("Successful") ? tr("succeeded") : tr("failed"),
                        QLocale().toString(record.durationMs / 1000.0, 'f', 1),
                        record.manual ? tr(" (manual)") : QString()),
                this);
        } else {
            QToolTip::showText(help->globalPos(), summary() + QLatin1Char('\n') + legend(), this);
        }
        return true;
    }
    return QWidget::event(event);
}
