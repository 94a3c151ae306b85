"""The read wing: the bytes of one document in, statistics with evidence and checks out.

decode → document → sections → tables / narrative → derive → checks (every check code is
registered in checkcodes); attachments/ turns PDF and DOCX files into the same Document.
Nothing here fetches, and nothing here imports the crawl wing.
"""
