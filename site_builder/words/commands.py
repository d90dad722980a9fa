"""Words for running site-builder: the command line, the project and output folders, the preview
server, and the optional outputs of a build (search, the network directory)."""

from __future__ import annotations

# --- output --------------------------------------------------------------------------------------

ESCAPES_OUTPUT = "the path '{value}' would be written outside the site's folder"
ESCAPES_OUTPUT_HINT = "use only letters, digits and dashes in slugs and page names"

UNKNOWN_CENTER_ARG = "there is no center with the slug '{value}'"
UNKNOWN_CENTER_ARG_HINT = "the centers are: {choices}"

# --- the command line, the output folder and the preview server (cli.py, write.py, serve.py) ---
# Shown as "site-builder: <message>: <hint>", exit 2 for the command line, 1 for the disk.

NO_COMMAND = """usage: site-builder COMMAND [options]

site-builder needs a command, one of:
{commands}

For example: site-builder build. Each command's options: site-builder COMMAND --help"""
BAD_PORT = "'{value}' is not a port you can use"
BAD_PORT_HINT = "give a number from 1024 to 65535, like --port 8000, or --port 0 to pick a free one"
PORT_IN_USE = "port {port} is already in use, perhaps by another preview that is still running"
PORT_IN_USE_HINT = (
    "stop the other preview (Ctrl+C in its window), or use another port: --port 8001, or "
    "--port 0 to pick a free one"
)
PORT_DENIED = "you are not allowed to use port {port} on this computer"
PORT_DENIED_HINT = "ports below 1024 need administrator rights: use --port 8000"
BAD_HOST = "this computer has no address '{host}' to show the preview on"
BAD_HOST_HINT = "leave --host out to show the preview on this computer only (127.0.0.1)"
SERVE_REQUEST_FAILED = "the preview could not answer one request ({error})"

NO_PROJECT = "there is no centers.yaml in {folder} or in any folder above it"
NO_PROJECT_HINT = (
    "go to your project's folder (the one that holds centers.yaml) and run the command there, "
    "or name that folder with --project DIR"
)
USING_PROJECT = "using the project in {root} (the nearest folder above with centers.yaml)"
PROJECT_MISSING = "the project folder {path} does not exist"
PROJECT_MISSING_HINT = (
    "check the spelling after --project: it names the folder that holds centers.yaml"
)
PROJECT_NOT_FOLDER = "--project {path} is a file, not a folder"
PROJECT_NOT_FOLDER_HINT = "name the folder that holds centers.yaml, like --project ~/clinic-sites"
PROJECT_UNREADABLE = "you do not have permission to read {path}"
PROJECT_UNREADABLE_HINT = (
    "ask whoever manages this computer to give you read access, or work on your own copy "
    "of the project"
)
PROJECT_NO_CENTERS = "there is no centers.yaml in {path}"
PROJECT_ABOVE_HINT = "the project is the folder above, so use --project {root}"
PROJECT_NO_CENTERS_HINT = (
    "name the folder that holds centers.yaml; to start a project, write one (README.md, "
    "'Add a center') or make one with site-builder import"
)

OUTPUT_IS_FILE = "{path} is a file, so the sites cannot be written into a folder there"
OUTPUT_IS_FILE_HINT = (
    "name a folder with --output DIR (it is made if it does not exist), or move the file away"
)
OUTPUT_NOT_WRITABLE = "you do not have permission to write to {path}"
OUTPUT_NOT_WRITABLE_HINT = (
    "name a folder you can write to with --output DIR, or leave --output out to use the "
    "project's output/ folder"
)
OUTPUT_IN_SOURCES = (
    "--output {path} is inside the project's {part}/ folder: the next build would publish the "
    "sites as part of every site"
)
OUTPUT_IN_SOURCES_HINT = (
    "leave --output out to use the project's output/ folder, or name a folder outside {part}/"
)
OUTPUT_HOLDS_PROJECT = (
    "--output {path} holds the project itself: the sites would be written among its files"
)
OUTPUT_HOLDS_PROJECT_HINT = (
    "leave --output out to use the project's output/ folder, or name an empty folder"
)
OUTPUT_IN_OUTPUT = (
    "--output {path} is inside {outer}, where a build wrote its sites: these sites and their"
    " report would be published with them"
)
OUTPUT_IN_OUTPUT_HINT = (
    "leave --output out to use the project's output/ folder, or name a folder outside {outer}"
)
OUTPUT_BLOCKED = "{path} is a file, but the site of '{slug}' needs a folder there"
OUTPUT_BLOCKED_HINT = "move or delete the file {path}, then build again"

DISK_FULL = "the disk is full: site-builder could not write {path}"
DISK_FULL_HINT = (
    "free some space on the disk (or build onto another disk with --output DIR), then build "
    "again; every site in the output folder is still complete"
)
WORKER_DIED = (
    "a worker process stopped before it finished (it was killed, perhaps for lack of memory); "
    "nothing new was published and every site in the output folder is still complete. "
    "Build again; with --jobs 1 the build uses one process and less memory"
)
CANNOT_READ_WRITE = "site-builder could not read or write {path} ({reason})"
CANNOT_READ_WRITE_HINT = (
    "check that the folder exists and that you may write to it, then run the command again"
)

# --- search (search.py) and the network directory (directory.py) ------------------------------
SEARCH_MISSING = "site search could not be built: Pagefind is not installed"
SEARCH_MISSING_HINT = (
    "install site-builder again with  python -m pip install -e .  (it brings Pagefind), or "
    "switch search off with  search: false  under settings: in centers.yaml"
)
SEARCH_FAILED = "site search could not be built for this site: Pagefind stopped ({reason})"
SEARCH_FAILED_HINT = (
    "build again; if it keeps happening, switch search off with  search: false  under "
    "settings: in centers.yaml and send this message to the developers"
)
DIRECTORY_SLUG_TAKEN = "slug '{value}' is the network directory's folder (settings: directory:)"
DIRECTORY_SLUG_TAKEN_HINT = (
    "give this center another slug, or give the directory another slug under settings: "
    "directory:"
)
DIRECTORY_NO_CENTERS = "the network directory lists no center: every center is a draft"
DIRECTORY_NO_CENTERS_HINT = "publish a center (remove draft: true), or remove settings: directory:"
DIRECTORY_NO_PLACE = "the directory cannot place '{value}' on the map: its ZIP code is unknown"
DIRECTORY_NO_PLACE_HINT = (
    "check the location's zip:, or add geo: with its latitude and longitude; until then the "
    "directory lists the center by state but not by distance"
)
