// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;

/// Edits a relationship's schedule: a cron spec (checked against the ReplicationSource CRD's pattern
/// through the engine's validation), described in plain words with its next 5 run times, presets
/// (every 5/15 minutes, hourly, daily), or "manual only".
class ScheduleEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ScheduleEditor(QWidget *parent = nullptr);

    /// The cron spec; empty for manual only.
    [[nodiscard]] QString cronSpec() const;
    /// Sets a spec (empty = manual only).
    void setCronSpec(const QString &spec);
    [[nodiscard]] bool isManualOnly() const;
    /// Whether the current choice can be applied (manual only, or a valid spec).
    [[nodiscard]] bool isValid() const;
    /// Why the spec cannot be used (empty when valid).
    [[nodiscard]] QString errorText() const { return mError; }
    /// The plain-language description shown ("every 5 minutes").
    [[nodiscard]] QString descriptionText() const;
    /// The next run times shown (local time), up to 5.
    [[nodiscard]] QList<QDateTime> nextRuns() const { return mNextRuns; }

    /// Presets as (label, spec).
    [[nodiscard]] static QList<QPair<QString, QString>> presets();

Q_SIGNALS:
    void changed();

private:
    void onPresetChosen(int index);
    void update();

    QRadioButton *mScheduled = nullptr;
    QRadioButton *mManual = nullptr;
    QComboBox *mPreset = nullptr;
    QLineEdit *mCron = nullptr;
    QLabel *mDescription = nullptr;
    QLabel *mValidation = nullptr;
    QLabel *mNext = nullptr;
    QString mError;
    QList<QDateTime> mNextRuns;
    bool mUpdatingPreset = false;
};
