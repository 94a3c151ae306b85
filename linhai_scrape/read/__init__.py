"""The read wing: the bytes of one document in, statistics with evidence and checks out.

decode → document → sections → tables / narrative → checks; attachments/ turns PDF and DOCX
files into the same Document. Nothing here fetches, and nothing here imports the crawl wing.
"""
