"""A batch of reports in one ``minsheng run``: real file names without --doc-id, and a failing
report that does not stop the others (issue 14). In-process steps; the comparison notebook is
left out here (its kernel is tested in test_runner.py)."""

import logging
import shutil

from conftest import FIXTURES
from minsheng.pipeline import runner, steps


def test_chinese_and_spaced_names_run_in_one_batch_and_a_failure_stops_nothing(tmp_path, monkeypatch, caplog):
    src = tmp_path / "in"
    src.mkdir()
    names = {  # file name -> doc_id worked out by hand (pinyin without tones; a space becomes '-')
        "颍泉区民生工程总结.txt": "yingquanquminshenggongchengzongjie",
        "my report 2020.txt": "my-report-2020",
        "坏报告.txt": "huaibaogao",
    }
    for (name, _), fixture in zip(names.items(), ("town_brief_utf8bom.txt", "city_news_release.txt",
                                                  "county_minsheng_shishi.txt")):
        shutil.copy(FIXTURES / fixture, src / name)
    real_per_goal = steps.per_goal

    def per_goal(figures_csv, out_dir, fig_dir, labels="zh"):
        if "huaibaogao" in str(out_dir):  # the staging folder of that report
            raise RuntimeError("a step that fails for this report only")
        return real_per_goal(figures_csv, out_dir, fig_dir, labels)

    monkeypatch.setattr(steps, "per_goal", per_goal)
    monkeypatch.setattr(runner, "run_compare", lambda root, params, label="", parallel=None: None)
    out = tmp_path / "out"
    with caplog.at_level(logging.INFO, logger="minsheng"):
        rc = runner.run([str(src / n) for n in names], out=str(out), jobs=1)
    assert rc == 1
    messages = [r.getMessage() for r in caplog.records]
    good = ["yingquanquminshenggongchengzongjie", "my-report-2020"]
    for doc_id in good:
        for table in ("figures.csv", "programs.csv", "goals.csv", "standards.csv", "metrics.json"):
            assert (out / doc_id / table).is_file(), (doc_id, table)
    assert not (out / "huaibaogao").exists()  # nothing half-written for the failed one
    assert not list(out.glob(".staging-*"))
    # one line per report (not a terminal), the failure named at the end, then the summary
    per_report = sorted(m.split("] ", 1)[1].split(":")[0] for m in messages if m.startswith("  ["))
    assert per_report == sorted(names.values())
    assert any(m.startswith("  [") and "huaibaogao: FAILED" in m for m in messages)
    failed = [m for m in messages if m.startswith("minsheng: run failed:")]
    assert len(failed) == 1 and "report huaibaogao: step per_goal failed: RuntimeError" in failed[0]
    assert "minsheng run: 2 of 3 report(s) done, 1 failed" in " ".join(messages)
    assert f"  tables: {out}/<doc_id>/ (2 folder(s))" in messages
