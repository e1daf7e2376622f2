"""Uploads: ingest an article or feed sent to the API (token), and the background jobs that ingest them."""
from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse

from ..actions import ActionError
from ..deps import Web, api_writer, read_upload, web

router = APIRouter()


@router.post("/api/ingest", tags=["documents"], summary="Ingest an uploaded article or feed (token)",
             dependencies=[Depends(api_writer)])
def api_ingest(file: UploadFile = File(..., description="HTML, text, JSON Lines, RSS or Atom."),
               wait: bool = Query(False, description="answer when the ingest is done (200 with its report) "
                                                    "instead of at once (202 with the job)"),
               w: Web = Depends(web)):
    body = read_upload(file, w.max_upload)
    job = w.upload_job(file.filename, body)
    if wait:
        job = w.jobs.wait(job["id"]) or job
        if job["state"] == "failed":
            raise ActionError(500 if not job["error"] else 400, job["error"] or "the ingest failed")
        return job["result"]
    return JSONResponse({"job": job["id"], "state": job["state"], "status_url": f"/api/jobs/{job['id']}"},
                        status_code=202, headers={"Location": f"/api/jobs/{job['id']}"})


@router.get("/api/jobs", tags=["documents"], summary="Recent background jobs (uploads being ingested)")
def api_jobs(w: Web = Depends(web)):
    return {"items": w.jobs.recent(50)}


@router.get("/api/jobs/{job_id}", tags=["documents"], summary="One background job: queued, running, done or failed")
def api_job(job_id: str, w: Web = Depends(web)):
    j = w.jobs.get(job_id)
    if j is None:
        raise ActionError(404, f"no job {job_id!r}")
    return j
